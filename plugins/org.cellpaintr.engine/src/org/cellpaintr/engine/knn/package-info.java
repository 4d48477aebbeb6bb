/**
 * Exact cosine k-nearest-neighbour graphs (blocked products on libtorch, O(n*k) memory) and scanpy's UMAP
 * connectivities.
 */
package org.cellpaintr.engine.knn;
