using SharpFuzz;

namespace Roll.Fuzz;

/// <summary>The harness's entry point: a target to fuzz under afl-fuzz, the seeds to write, or inputs to check by hand.</summary>
internal static class Program
{
    private const string Usage = """
        Usage: dotnet Roll.Fuzz.dll <command>
          parser | protocol [--in-process]  fuzz a target under afl-fuzz (input on stdin; once without afl)
          --write-seeds DIR                 write the seed corpus (conformance vectors, tests' raw requests, the app's routes)
          --check FILE...                   run both targets on each input file and say which invariant breaks
          --show FILE                       print what the engine answers to one input
        """;

    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["parser", .. var options]:
                Fuzz(ParserTarget.Run, options);
                return 0;
            case ["protocol", .. var options]:
                // Made on the first input: the instrumented engine may run only once the fuzzer has mapped its coverage memory.
                ProtocolTarget? target = null;
                Fuzz(input => (target ??= new ProtocolTarget(Timeout.InfiniteTimeSpan)).Run(input), options);
                return 0;
            case ["--write-seeds", var folder]:
                var count = Seeds.Write(folder);
                Console.WriteLine($"{count} seeds written to {folder}");
                return 0;
            case ["--check", .. var files] when files.Length > 0:
                return Check(files);
            case ["--show", var file]:
                Console.WriteLine(ResponseChecker.Render(new ProtocolTarget(TimeSpan.FromSeconds(10)).Answer(File.ReadAllBytes(file))));
                return 0;
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    /// <summary>Runs the target on each input afl gives; out of process by default, so that a hang or a fatal crash costs a restart, not the run.</summary>
    private static void Fuzz(FuzzTarget target, string[] options)
    {
        var buffer = new byte[64 * 1024];
        void RunOne(Stream stream)
        {
            var length = 0;
            int read;
            while ((read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
            target(buffer.AsSpan(0, length));
        }
        if (options.Contains("--in-process"))
        {
            Fuzzer.Run(RunOne);
        }
        else
        {
            Fuzzer.OutOfProcess.Run(RunOne);
        }
    }

    private static int Check(string[] files)
    {
        var protocol = new ProtocolTarget(TimeSpan.FromSeconds(10));
        var failed = 0;
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            foreach (var (name, target) in new (string, FuzzTarget)[] { ("parser", ParserTarget.Run), ("protocol", protocol.Run) })
            {
                try
                {
                    target(input);
                }
                catch (Exception finding)
                {
                    failed++;
                    Console.WriteLine($"{file}: {name}: {finding}");
                }
            }
        }
        Console.WriteLine($"{files.Length} inputs checked, {failed} findings");
        return failed == 0 ? 0 : 1;
    }
}

/// <summary>A fuzzing target: runs one input, throws when an invariant breaks.</summary>
internal delegate void FuzzTarget(ReadOnlySpan<byte> input);
