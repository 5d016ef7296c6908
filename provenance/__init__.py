"""Which text, copied from where: captures, articles and the derivation chains between them."""
