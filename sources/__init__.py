"""Who originates and carries information: outlets, organisations, people, anonymous sources."""
