// Command sdkgen writes the Python and Go SDKs of a Pulumi package from its schema, with the code generators of
// github.com/pulumi/pulumi/pkg/v3 (the version scripts/sdkgen.sh pins). `pulumi package gen-sdk` cannot run on
// machines without the Python and Go language hosts; the generators themselves need neither.
//
//	sdkgen <schema.json> <language: python|go> <out dir>
//
// The out dir is written afresh (files the generator no longer makes are removed). Packages the schema refers
// to are refused: this package's schema refers to none, so a reference is a mistake, never a plugin download.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-invent sdkgen"

// noPackages is a loader that loads nothing: the schema must be self-contained.
type noPackages struct{}

func (noPackages) refuse(name string) error {
	return fmt.Errorf("the schema refers to package %q; it must refer to no other package", name)
}
func (l noPackages) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, l.refuse(pkg)
}
func (l noPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, l.refuse(d.Name)
}
func (l noPackages) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, l.refuse(pkg)
}
func (l noPackages) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, l.refuse(d.Name)
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sdkgen: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 4 {
		fail("usage: sdkgen <schema.json> <python|go> <out dir>")
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		fail("%s: %v", os.Args[1], err)
	}
	pkg, diags, err := schema.BindSpec(spec, noPackages{}, schema.ValidationOptions{})
	if err != nil {
		fail("%s: %v", os.Args[1], err)
	}
	if diags.HasErrors() {
		fail("%s: %v", os.Args[1], diags)
	}
	var files map[string][]byte
	switch os.Args[2] {
	case "python":
		files, err = python.GeneratePackage(tool, pkg, nil, noPackages{})
	case "go":
		files, err = gogen.GeneratePackage(tool, pkg, nil)
	default:
		fail("unknown language %q (python or go)", os.Args[2])
	}
	if err != nil {
		fail("%s: %v", os.Args[2], err)
	}
	out := os.Args[3]
	if err := os.RemoveAll(out); err != nil {
		fail("%v", err)
	}
	for name, body := range files {
		p := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			fail("%v", err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			fail("%v", err)
		}
	}
	fmt.Fprintf(os.Stderr, "sdkgen: %d %s files in %s\n", len(files), os.Args[2], out)
}
