package app.extramile;

import app.extramile.backtesting.BacktestCommands;
import app.extramile.rounds.RoundCommands;
import app.extramile.system.BackupCommands;
import app.extramile.system.HealthCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * Extra Mile: customer care beyond the till. One package per capability; see the module
 * map in the README.
 */
@Modulithic(sharedModules = "shared")
@SpringBootApplication
@ConfigurationPropertiesScan
public class ExtraMileApplication {

	public static void main(String[] args) {
		if (args.length > 0 && BackupCommands.handles(args[0])) {
			System.exit(BackupCommands.run(args, System.getenv(), System.out, System.err));
		}
		if (args.length > 0 && HealthCommand.handles(args[0])) {
			System.exit(HealthCommand.run(args, System.getenv(), System.out, System.err));
		}
		if (args.length > 0 && BacktestCommands.handles(args[0])) {
			System.exit(BacktestCommands.run(args, System.out, System.err));
		}
		if (args.length > 0 && RoundCommands.handles(args[0])) {
			System.exit(RoundCommands.runFromMain(args, System.out, System.err));
		}
		SpringApplication.run(ExtraMileApplication.class, args);
	}

}
