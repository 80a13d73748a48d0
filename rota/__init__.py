"""rota, the national crisis-helpline duty planner. Its layers, from the bottom: `domain` (the
vocabulary), `checks` and `analysis`, `io`, `publish` and `store`, `app` (the use cases), and the
interfaces `cli` and `web`; each package's docstring says what it may import."""
