"""Plot functions: each takes data and returns a matplotlib Figure (never calls plt.show)."""
