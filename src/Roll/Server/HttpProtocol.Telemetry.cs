using System.Net;
using Roll.Diagnostics;

namespace Roll.Server;

// Where the engine hands its requests to Roll's metrics and traces (Diagnostics/RequestTelemetry.cs): begun in
// ServeOneAsync once the route is known, ended once the answer is written, or when the connection ends in between.
public partial class HttpProtocol
{
    /// <summary>The HTTP version the client spoke, as <c>network.protocol.version</c>: "1.1" or "1.0", or the one Kestrel was spoken to in (see <see cref="BridgedVersion"/>).</summary>
    internal string NetworkVersion => BridgedVersion ?? (_head.IsHttp11 ? "1.1" : "1.0");

    /// <summary>Set by Roll.Kestrel: the version of the requests Kestrel hands over ("2", "3"), which reach the engine as HTTP/1.1.</summary>
    internal string? BridgedVersion { get; set; }

    /// <summary>Ends the current request's telemetry, if it was begun and not ended yet.</summary>
    private void EndTelemetry()
    {
        if (_request.TelemetryStart != 0)
        {
            RequestTelemetry.End(_request, _response, NetworkVersion);
        }
    }

    /// <summary>Notes the exception that ends an observed request; false always (an exception filter).</summary>
    private bool NoteFailure(Exception error) => RequestTelemetry.Fail(_request, error);

    /// <summary>A head was refused: counted in <c>roll.server.request_errors</c>, and logged as the reason the connection closes.</summary>
    private void LogRefused(HttpError error)
    {
        ServerTelemetry.RequestRefused(error.Status);
        LogClosing(ConnectionReuse.BadRequest);
    }
}
