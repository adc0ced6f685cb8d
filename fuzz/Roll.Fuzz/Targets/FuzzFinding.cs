namespace Roll.Fuzz;

/// <summary>A broken invariant of the engine: thrown so that the fuzzer records the input as a crash, and a regression test fails.</summary>
internal sealed class FuzzFinding(string message, Exception? innerException = null) : Exception(message, innerException);
