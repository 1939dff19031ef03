"""Documents in, evidence out: reading, Vietnamese analysis, indexes, search and answers."""
