using Roll;

namespace HtmlSample;

/// <summary>The model of the <c>hello.liquid</c> page.</summary>
public sealed record HelloPage(string Title, string Content);

/// <summary>Roll's HTML example: a response type with an <c>Html(template, model)</c> method, rendering Liquid templates with Fluid.</summary>
public static class HtmlApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        // snippet: html
        var app = new RollApp<Request, HtmlResponse>();

        app.Route("/hello/{parameter}", (Request request, HtmlResponse response, string parameter) =>
        {
            response.Html("hello.liquid", new HelloPage(Title: "Hello", Content: parameter));
        });
        // end-snippet

        return app;
    }
}
