"""What the bot does, platform-free: messages in, replies out."""
