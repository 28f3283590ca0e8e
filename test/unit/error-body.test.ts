import { BODY_EXCERPT_CHARS, bodyShapeKnown, serverMessagesOf } from "../../provider/error-body";

describe("serverMessagesOf: the server's words in every common error shape", () => {
  test.each<[string, unknown, string[]]>([
    [
      "NestJS, message a string (error is only the status name)",
      { statusCode: 404, message: "Assistant not found", error: "Not Found" },
      ["Assistant not found"],
    ],
    [
      "NestJS, message a list",
      { statusCode: 400, message: ["name should not be empty", "config.model must be a string"] },
      ["name should not be empty", "config.model must be a string"],
    ],
    [
      "nested error object",
      { error: { status: 400, message: "name must be at most 1024 characters" } },
      ["name must be at most 1024 characters"],
    ],
    [
      "nested error with a field and details",
      {
        error: {
          message: "Validation failed",
          field: "title",
          details: [{ field: "content.text", message: "too long" }],
        },
      },
      ["title: Validation failed", "content.text: too long"],
    ],
    ["errors: strings", { errors: ["name is required"] }, ["name is required"]],
    [
      "errors: items with a field (JSON pointer)",
      { errors: [{ detail: "must be https", source: {}, pointer: "/content/url" }] },
      ["content.url: must be https"],
    ],
    [
      "errors: items with a loc (FastAPI)",
      { detail: [{ loc: ["body", "config", "model"], msg: "field required" }] },
      ["config.model: field required"],
    ],
    ["errors: a field map (Rails)", { errors: { name: ["is too long"] } }, ["name: is too long"]],
    [
      "problem details (RFC 9457)",
      { type: "about:blank", title: "Bad Request", status: 400, detail: "title must not be empty" },
      ["Bad Request: title must not be empty"],
    ],
    ["a bare error string", { error: "invalid_request" }, ["invalid_request"]],
    ["a proxy's HTML page", "<html><head><title>502 Bad Gateway</title></head></html>", ["502 Bad Gateway"]],
    ["plain text", "  name is too long \n", ["name is too long"]],
    ["an unknown JSON shape is quoted", { code: 17, hint: "x" }, ['{"code":17,"hint":"x"}']],
    ["nothing", undefined, []],
    ["an empty object", {}, []],
  ])("%s", (_, body, expected) => {
    expect(serverMessagesOf(body)).toEqual(expected);
  });

  test("long bodies are clipped to an excerpt", () => {
    const [m] = serverMessagesOf("x".repeat(5000));
    expect(m.length).toBe(BODY_EXCERPT_CHARS);
    expect(m.endsWith("…")).toBe(true);
  });

  test("bodyShapeKnown: words from a known shape, not a quoted excerpt", () => {
    expect(bodyShapeKnown({ error: { message: "x" } })).toBe(true);
    expect(bodyShapeKnown({ statusCode: 404, message: "Not Found", error: "Not Found" })).toBe(true);
    expect(bodyShapeKnown({ code: 17 })).toBe(false);
    expect(bodyShapeKnown("Not Found")).toBe(false);
  });
});
