"""HTTP controllers, one module per resource; ``server.app`` registers them."""

__all__: list[str] = []
