namespace Roll.Testing;

/// <summary>A file to upload in a multipart request body, as a browser's file input would send it.</summary>
/// <param name="Field">The name of the form field the file is sent in.</param>
/// <param name="FileName">The file name sent in the part's Content-Disposition.</param>
/// <param name="Content">The bytes of the file.</param>
/// <param name="ContentType">The content type of the part.</param>
public sealed record TestFile(string Field, string FileName, byte[] Content, string ContentType = "application/octet-stream");
