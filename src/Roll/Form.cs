namespace Roll;

/// <summary>The fields of a urlencoded or multipart request body, with the same getters as <see cref="Query"/>.</summary>
public class Form : Query
{
    /// <summary>Creates an empty form.</summary>
    public Form()
    {
    }
}
