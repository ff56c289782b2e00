"""The `darkflav` command: predict an observable, list observables, inputs and measurements, confront a
theory with measurements, draw plots, scan, match UV models, dark-matter and monojet results, write a report.
One module per command group; `app` assembles them, `main` (the entry point) runs it.

Exit codes: 0 success, 1 an error (one line on stderr), 2 a usage error; 130 interrupted. DARKFLAV_DEBUG=1 shows the
traceback of any error."""

import os
import sys

import typer

from . import constrain, darkmatter, fit, model, monojet, plot, predict, report, scan

app = typer.Typer(help="Rare meson decays with missing energy.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
app.command("predict")(predict.predict_command)
app.command("constrain")(constrain.constrain_command)
app.command("fit")(fit.fit_command)
app.command("scan")(scan.scan_command)
app.command("relic")(darkmatter.relic_command)
app.command("dd")(darkmatter.dd_command)
app.command("monojet")(monojet.monojet_command)
app.command("model")(model.model_command)
app.command("report")(report.report_command)
app.add_typer(predict.list_app, name="list")
app.add_typer(plot.plot_app, name="plot")



def main() -> None:
    """The `darkflav` entry point: an unexpected exception (a bug) is one line on stderr and exit code 1, Ctrl-C is
    exit code 130; with DARKFLAV_DEBUG=1 both show their traceback."""
    try:
        app()
    except KeyboardInterrupt:
        if os.environ.get("DARKFLAV_DEBUG") == "1":
            raise
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("DARKFLAV_DEBUG") == "1":
            raise
        print(f"internal error: {type(exc).__name__}: {exc} (a bug in darkflav: please report it with the output "
              "of DARKFLAV_DEBUG=1 darkflav …)", file=sys.stderr)
        sys.exit(1)


__all__ = ["app", "main"]
