"""Training: `govnlp train` and the helpers the project's training scripts share."""
