package app.extramile.customers.importing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Customer list import, under {@code extramile.customers.import}.
 *
 * @param chunkSize rows committed together: a crash loses at most one chunk of work,
 * never half of one
 * @param abandonedAfter an import whose task has not reported for this long is taken over
 * by the next run of the task (on any instance)
 * @param every how often the durable task looks for confirmed imports
 * @param maxFileSize the largest file accepted (the servlet multipart limit must allow
 * it)
 */
@ConfigurationProperties("extramile.customers.import")
record CustomerImportSettings(@DefaultValue("500") int chunkSize, @DefaultValue("1m") Duration abandonedAfter,
		@DefaultValue("1s") Duration every, @DefaultValue("20MB") DataSize maxFileSize) {
}
