package app.extramile.rounds;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The planner and the configured travel times, for the modules that plan rounds. */
@Configuration(proxyBeanMethods = false)
class RoundsConfiguration {

	@Bean
	RoundPlanner roundPlanner() {
		return new RoundPlanner();
	}

	@Bean
	TravelTimes travelTimes(RoundsProperties properties) {
		TravelTimes straight = TravelTimes.straightLine(properties.roadFactor(), properties.speedKmh());
		if (properties.osrmUrl() == null) {
			return straight;
		}
		return new OsrmTravelTimes(properties.osrmUrl(), properties.osrmTimeout(), straight);
	}

}
