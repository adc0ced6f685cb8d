namespace Roll;

/// <summary>The files uploaded in a multipart request body, keyed by form field name.</summary>
public class Files : Multidict<UploadedFile>
{
    /// <summary>Creates an empty set of files.</summary>
    public Files()
    {
    }
}
