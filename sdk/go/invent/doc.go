// Invent (useinvent.com) AI support assistants, their actions, channels and knowledge, and the org's connections.
package invent
