"""The media library resource: clipart collections and the clipart a shopper picks from."""
