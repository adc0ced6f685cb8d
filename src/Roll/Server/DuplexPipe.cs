using System.IO.Pipelines;

namespace Roll.Server;

/// <summary>A transport made of a reader and a writer: what a connection needs, whether from a socket or from memory.</summary>
public sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    /// <summary>Where the requests come from.</summary>
    public PipeReader Input { get; } = input;

    /// <summary>Where the responses go.</summary>
    public PipeWriter Output { get; } = output;
}
