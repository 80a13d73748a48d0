"""The feed server: calendar subscriptions by secret token, over HTTP (Starlette)."""
