// An Invent support assistant and a tool it may call, in Go, with the SDK generated from the same descriptions
// as the TypeScript classes (sdk/go/invent). The tests compile it; running it needs the Go language host.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/useinvent/pulumi-invent/sdk/go/invent"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		support, err := invent.NewAssistant(ctx, "support", &invent.AssistantArgs{
			Name:         pulumi.String("Go Quickstart"),
			Instructions: pulumi.String("You answer questions about our shipping policy."),
			Conversation: &invent.AssistantConversationArgs{
				ThreadMode:                pulumi.String("new"),
				EnableTransferToHumanTool: pulumi.Bool(true),
			},
			GenerateSecretKey: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		search, err := invent.NewAction(ctx, "help-search", &invent.ActionArgs{
			AssistantId: support.ID().ToStringOutput(), // a child lives in its parent's org
			Tool:        pulumi.String("TOOLS:WEB_SEARCH"),
			Name:        pulumi.String("Search the help centre"),
		})
		if err != nil {
			return err
		}
		found := invent.LookupAssistantOutput(ctx, invent.LookupAssistantOutputArgs{Id: support.ID().ToStringOutput()})
		ctx.Export("assistantId", support.ID())
		ctx.Export("searchActionId", search.ID())
		ctx.Export("foundName", found.Name())
		ctx.Export("widgetSecret", support.SecretKey)
		return nil
	})
}
