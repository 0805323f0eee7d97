package app.extramile.errands;

import java.util.ArrayList;
import java.util.List;

import app.extramile.rounds.Place;

/**
 * A map-like picture of a round without map tiles: the shop, the stops and the legs of
 * each driver's route, projected into a {@value #WIDTH} by {@value #HEIGHT} box (north
 * up, longitude scaled by the cosine of the latitude).
 */
record RoundPicture(List<Dot> dots, List<Leg> legs) {

	static final int WIDTH = 600;

	static final int HEIGHT = 400;

	private static final int MARGIN = 24;

	/**
	 * A point: the shop ({@code route} -1), a stop on a route, or a left-out stop (-2).
	 */
	record Dot(double x, double y, String label, int route) {
	}

	record Leg(double x1, double y1, double x2, double y2, int route) {
	}

	static RoundPicture of(DeliveryRounds.Day day) {
		if (day.shop() == null) {
			return new RoundPicture(List.of(), List.of());
		}
		List<Place> all = new ArrayList<>();
		all.add(day.shop());
		day.routes().forEach((r) -> r.stops().forEach((s) -> all.add(place(s))));
		day.leftOut().stream().filter(DeliveryRounds.Stop::located).forEach((s) -> all.add(place(s)));
		double minLat = all.stream().mapToDouble(Place::latitude).min().orElseThrow();
		double maxLat = all.stream().mapToDouble(Place::latitude).max().orElseThrow();
		double minLon = all.stream().mapToDouble(Place::longitude).min().orElseThrow();
		double maxLon = all.stream().mapToDouble(Place::longitude).max().orElseThrow();
		double cos = Math.cos(Math.toRadians((minLat + maxLat) / 2));
		double spanX = Math.max((maxLon - minLon) * cos, 1e-6);
		double spanY = Math.max(maxLat - minLat, 1e-6);
		double scale = Math.min((WIDTH - 2 * MARGIN) / spanX, (HEIGHT - 2 * MARGIN) / spanY);
		Projection projection = (p) -> new double[] { MARGIN + (p.longitude() - minLon) * cos * scale,
				HEIGHT - MARGIN - (p.latitude() - minLat) * scale };
		List<Dot> dots = new ArrayList<>();
		List<Leg> legs = new ArrayList<>();
		double[] shop = projection.at(day.shop());
		for (int r = 0; r < day.routes().size(); r++) {
			double[] from = shop;
			List<DeliveryRounds.Stop> stops = day.routes().get(r).stops();
			for (DeliveryRounds.Stop stop : stops) {
				double[] to = projection.at(place(stop));
				legs.add(new Leg(round(from[0]), round(from[1]), round(to[0]), round(to[1]), r));
				dots.add(new Dot(round(to[0]), round(to[1]), String.valueOf(stop.seq()), r));
				from = to;
			}
			if (!stops.isEmpty()) {
				legs.add(new Leg(round(from[0]), round(from[1]), round(shop[0]), round(shop[1]), r));
			}
		}
		for (DeliveryRounds.Stop stop : day.leftOut()) {
			if (stop.located()) {
				double[] at = projection.at(place(stop));
				dots.add(new Dot(round(at[0]), round(at[1]), "!", -2));
			}
		}
		dots.add(new Dot(round(shop[0]), round(shop[1]), "", -1));
		return new RoundPicture(dots, legs);
	}

	private static Place place(DeliveryRounds.Stop stop) {
		return new Place(stop.customer().latitude(), stop.customer().longitude());
	}

	private static double round(double v) {
		return Math.round(v * 10) / 10.0;
	}

	private interface Projection {

		double[] at(Place place);

	}

}
