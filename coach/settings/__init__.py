"""config.yaml: reading and validating settings, writing one setting back, key names."""
