package org.cellpaintr.engine.knn;

/**
 * An exact k-nearest-neighbour list per node, stored compactly: node i's neighbours are
 * {@code neighbors[i*k .. i*k+k)} with cosine distances {@code distances[i*k ..]}, nearest first.
 *
 * <p>As in scanpy's {@code pp.neighbors}, each list starts with the node itself at distance 0, so k = 25 means the
 * node plus its 24 nearest other nodes. Memory is O(n*k).
 */
public record KnnGraph(int size, int k, int[] neighbors, float[] distances) {

    public KnnGraph {
        if (neighbors.length != (long) size * k || distances.length != (long) size * k) {
            throw new IllegalArgumentException("neighbour arrays must hold size * k = " + ((long) size * k) + " entries");
        }
    }

    public int neighbor(int node, int rank) {
        return neighbors[node * k + rank];
    }

    public float distance(int node, int rank) {
        return distances[node * k + rank];
    }
}
