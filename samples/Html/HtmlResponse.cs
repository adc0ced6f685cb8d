using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using Roll;

namespace HtmlSample;

/// <summary>A response of the app's own with an <see cref="Html"/> method that renders Liquid templates with Fluid.</summary>
public class HtmlResponse : Response
{
    private static readonly FluidParser s_parser = new();
    private static readonly ConcurrentDictionary<string, IFluidTemplate> s_templates = new(StringComparer.Ordinal);
    private static readonly TemplateOptions s_options = CreateOptions();

    /// <summary>The folder of the templates, bundled next to the executable.</summary>
    public static string Templates { get; } = Path.Combine(AppContext.BaseDirectory, "templates");

    /// <summary>Renders a template of <see cref="Templates"/> with a model, HTML-escaping every value, as a UTF-8 HTML body.</summary>
    public void Html(string template, object model)
    {
        var context = new TemplateContext(model, s_options);
        Headers["Content-Type"] = "text/html; charset=utf-8";
        Body = s_templates.GetOrAdd(template, Parse).Render(context, HtmlEncoder.Default);
    }

    private static IFluidTemplate Parse(string name)
    {
        var source = File.ReadAllText(Path.Combine(Templates, name));
        return s_parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The template '{name}' does not parse: {error}");
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();
        // Fluid reads only the members of types it was told about: the models, and nothing else.
        options.MemberAccessStrategy.Register<HelloPage>();
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.CamelCase;
        return options;
    }
}
