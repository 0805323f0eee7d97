package app.extramile.welfare;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import app.extramile.customers.Customer;

/**
 * Read models for pages: a check with its ladder.
 */
public final class CheckViews {

	private CheckViews() {
	}

	public record Step(UUID id, UUID checkId, int seq, StepKind kind, String contactName, String contactPhone,
			String status, UUID assignee, Instant dueAt, Instant remindedAt, Outcome outcome, Instant doneAt) {

		public boolean open() {
			return "OPEN".equals(this.status);
		}

		public boolean overdue(Instant now) {
			return open() && this.dueAt != null && this.dueAt.isBefore(now);
		}

	}

	public record Check(UUID id, Customer customer, String reason, String status, Outcome outcome, Instant openedAt,
			Instant resolvedAt, List<Step> steps) {

		public boolean open() {
			return "OPEN".equals(this.status);
		}

		public Step currentStep() {
			return this.steps.stream().filter(Step::open).findFirst().orElse(null);
		}

	}

}
