"""Training-time tooling: corpus loaders, thesauri and the article spinner."""
