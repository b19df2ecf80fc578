package dev.unroll.app.events;

/**
 * The sampling temperature for the Generate view, set by a talk script's {@code [generate]} slide
 * (a slide's settings go to the view it shows): Generate takes it as if the user had set it.
 *
 * @param temperature a positive temperature
 */
public record GenerationTemperature(double temperature) {
    public GenerationTemperature {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive: " + temperature);
        }
    }
}
