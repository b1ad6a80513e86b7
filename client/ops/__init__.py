"""The device's operations, one module per area; :class:`client.service.Device` calls them."""
