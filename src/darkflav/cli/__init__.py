"""The `darkflav` command: predict an observable, list observables, inputs and measurements, confront a
theory with measurements, draw plots, scan, match UV models, dark-matter and monojet results, write a report.
One module per command group; `app` (the entry point `darkflav.cli:app`) assembles them."""

import typer

from . import constrain, darkmatter, fit, model, monojet, plot, predict, report, scan

app = typer.Typer(help="Rare meson decays with missing energy.", no_args_is_help=True,
                  add_completion=False)
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

__all__ = ["app"]
