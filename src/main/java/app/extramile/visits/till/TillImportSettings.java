package app.extramile.visits.till;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Till history import, under {@code extramile.visits.import}.
 *
 * @param chunkSize rows committed together: a crash loses at most one chunk of work,
 * never half of one
 * @param abandonedAfter an import whose worker has not reported for this long is taken
 * over by another worker (or instance)
 * @param sweepEvery how often each instance looks for queued or abandoned imports
 * @param maxFileSize the largest file accepted (the servlet multipart limit must allow
 * it)
 */
@ConfigurationProperties("extramile.visits.import")
record TillImportSettings(@DefaultValue("1000") int chunkSize, @DefaultValue("2m") Duration abandonedAfter,
		@DefaultValue("30s") Duration sweepEvery, @DefaultValue("20MB") DataSize maxFileSize) {
}
