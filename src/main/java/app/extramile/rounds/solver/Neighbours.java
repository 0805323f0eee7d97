package app.extramile.rounds.solver;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * For every visit, the other visits sorted by how close they are (either direction): the
 * candidates the nearby moves pick from.
 */
public final class Neighbours {

	private final int[][] nearest;

	public Neighbours(List<Visit> visits, long[][] travel) {
		int n = visits.size();
		this.nearest = new int[n][];
		for (int i = 0; i < n; i++) {
			Visit from = visits.get(i);
			this.nearest[i] = IntStream.range(0, n)
				.filter((j) -> j != from.getIndex())
				.boxed()
				.sorted(Comparator.comparingLong((Integer j) -> {
					Visit to = visits.get(j);
					return Math.min(travel[from.getLocation()][to.getLocation()],
							travel[to.getLocation()][from.getLocation()]);
				}))
				.mapToInt(Integer::intValue)
				.toArray();
		}
	}

	/** Visit indexes nearest first. */
	public int[] of(int visitIndex) {
		return this.nearest[visitIndex];
	}

	@Override
	public String toString() {
		return "Neighbours" + Arrays.toString(new int[] { this.nearest.length });
	}

}
