"""An Invent support assistant, a tool it may call and the web widget it answers on, in Python."""

import pulumi
import pulumi_invent as invent

cfg = pulumi.Config()

support = invent.Assistant(
    "support",
    name=cfg.get("name") or "Python Quickstart",
    instructions="You answer questions about our shipping policy. Hand angry customers to a human.",
    language="auto",
    conversation=invent.AssistantConversationArgs(
        thread_mode="new",
        enable_transfer_to_human_tool=True,
        suggested_messages=["Where is my order?"],
    ),
    generate_secret_key=True,
)

# Children name their parent by id; they live in its org.
search = invent.Action(
    "help-search",
    assistant_id=support.id,
    tool=cfg.get("searchTool") or "TOOLS:WEB_SEARCH",  # changing the tool replaces the action
    name="Search the help centre",
)
invent.Channel("widget", assistant_id=support.id, type="internal")

# A lookup (an invoke of the provider): the assistant as the API holds it now.
found = invent.get_assistant_output(id=support.id)

pulumi.export("assistantId", support.id)
pulumi.export("searchActionId", search.id)
pulumi.export("foundName", found.name)
pulumi.export("widgetSecret", support.secret_key)  # secret: `pulumi stack output widgetSecret --show-secrets`
