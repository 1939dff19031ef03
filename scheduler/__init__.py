"""Scheduled digest reports. The digest issue builds this package; nothing here is wired yet."""
