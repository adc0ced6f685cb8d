using Roll;

namespace FormSample;

/// <summary>Roll's form example: fields from an urlencoded or multipart body, and a file upload.</summary>
public static class FormApp
{
    /// <summary>Makes the app.</summary>
    public static RollApp Create()
    {
        var app = new RollApp();

        // snippet: login
        app.Route("/login", (request, response) =>
        {
            var username = request.Form.Get("username");
            var password = request.Form.Get("password");
            response.Body = $"Username: `{username}` password: `{password}`.";
        }, methods: ["POST"]);
        // end-snippet

        // snippet: upload
        app.Route("/upload/avatar", (request, response) =>
        {
            var avatar = request.Files.Get("avatar");
            response.Body = $"{avatar.FileName} {avatar.ReadText()}";
        }, methods: ["POST"]);
        // end-snippet

        return app;
    }
}
