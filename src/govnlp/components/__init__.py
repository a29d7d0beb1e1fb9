"""Pipeline components: each declares what it requires and assigns on the data model."""
