"""The AR links resource: 3D models that a phone's AR viewer opens without a key."""
