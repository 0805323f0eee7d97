package app.extramile.system;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.stereotype.Component;

/**
 * How Spring Modulith stores an event publication's payload: as JSON written by the
 * application's {@link JsonMapper}, exactly as Modulith's own Jackson serializer does,
 * but with the mapper looked up once rather than in the bean factory for every event
 * (seen in a profile of issuing gift certificates while each issue still published an
 * event, see docs/benchmarks.md). Modulith's serializer backs off when this bean exists.
 */
@Component
class EventSerialization implements EventSerializer {

	private final ObjectProvider<JsonMapper> mappers;

	private volatile JsonMapper mapper;

	EventSerialization(ObjectProvider<JsonMapper> mappers) {
		this.mappers = mappers;
	}

	@Override
	public Object serialize(Object event) {
		return mapper().writeValueAsString(event);
	}

	@Override
	public <T> T deserialize(Object serialized, Class<T> type) {
		return mapper().readerFor(type).readValue(serialized.toString());
	}

	private JsonMapper mapper() {
		JsonMapper current = this.mapper;
		if (current == null) {
			// looked up on first use, when every bean is ready; the same mapper each time
			current = this.mappers.getObject();
			this.mapper = current;
		}
		return current;
	}

}
