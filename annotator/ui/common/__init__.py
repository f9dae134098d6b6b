"""Small pieces every room uses: icons, plain-text tooltips, error boxes, settings."""
