"""The revisions, oldest first: 0001 is release 0.1's schema, each later one a step on from it."""
