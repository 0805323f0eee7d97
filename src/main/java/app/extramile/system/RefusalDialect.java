package app.extramile.system;

import java.util.Set;

import app.extramile.shared.FormRefusal;

import org.springframework.stereotype.Component;
import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.dialect.AbstractProcessorDialect;
import org.thymeleaf.engine.AttributeName;
import org.thymeleaf.model.IProcessableElementTag;
import org.thymeleaf.processor.IProcessor;
import org.thymeleaf.processor.element.AbstractAttributeTagProcessor;
import org.thymeleaf.processor.element.IElementTagStructureHandler;
import org.thymeleaf.standard.expression.StandardExpressions;
import org.thymeleaf.standard.processor.StandardXmlNsTagProcessor;
import org.thymeleaf.templatemode.TemplateMode;

/**
 * {@code em:refusable="field"} on a form control (with {@code em:form} on a page of
 * several forms): marks the control the page's {@link FormRefusal} is about with
 * {@code aria-invalid="true"} and puts the message's id ({@code <control id>-error}, or
 * {@code em:error-id}) first in its {@code aria-describedby}; any other control gets
 * {@code aria-invalid="false"} and keeps its own description. The message itself is
 * {@code fragments :: refused(form, field, id)}. Values holding {@code ${...}} are
 * expressions, others are names as written.
 */
@Component
class RefusalDialect extends AbstractProcessorDialect {

	static final String PREFIX = "em";

	RefusalDialect() {
		super("Extra Mile refusals", PREFIX, 1100);
	}

	@Override
	public Set<IProcessor> getProcessors(String dialectPrefix) {
		return Set.of(new Refusable(dialectPrefix), new StandardXmlNsTagProcessor(TemplateMode.HTML, dialectPrefix));
	}

	static final class Refusable extends AbstractAttributeTagProcessor {

		private final String prefix;

		Refusable(String prefix) {
			super(TemplateMode.HTML, prefix, null, false, "refusable", true, 1100, true);
			this.prefix = prefix;
		}

		@Override
		protected void doProcess(ITemplateContext context, IProcessableElementTag tag, AttributeName attributeName,
				String attributeValue, IElementTagStructureHandler structureHandler) {
			String field = value(context, attributeValue);
			String form = value(context, tag.getAttributeValue(this.prefix, "form"));
			String errorId = value(context, tag.getAttributeValue(this.prefix, "error-id"));
			if (errorId == null) {
				errorId = tag.getAttributeValue("id") + "-error";
			}
			boolean at = context.getVariable("refusal") instanceof FormRefusal refusal && refusal.at(form, field);
			structureHandler.setAttribute("aria-invalid", Boolean.toString(at));
			if (at) {
				String described = tag.getAttributeValue("aria-describedby");
				structureHandler.setAttribute("aria-describedby",
						(described == null || described.isBlank()) ? errorId : errorId + " " + described);
			}
			structureHandler.removeAttribute(this.prefix, "form");
			structureHandler.removeAttribute(this.prefix, "error-id");
		}

		private static String value(ITemplateContext context, String written) {
			if (written == null || !written.contains("${")) {
				return written;
			}
			Object value = StandardExpressions.getExpressionParser(context.getConfiguration())
				.parseExpression(context, written)
				.execute(context);
			return (value != null) ? value.toString() : null;
		}

	}

}
