using System.Net;
using System.Text;

namespace Roll.Tests.Data;

public class FormParserTests
{
    private const string ContentType = "multipart/form-data; boundary=XyZ";

    private static byte[] Multipart(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\r\n", lines));

    private static (Form Form, Files Files) ParseMultipart(byte[] body, string contentType = ContentType, FormLimits? limits = null)
    {
        var form = new Form();
        var files = new Files();
        FormParser.ParseMultipart(new MemoryStream(body), contentType, limits ?? new FormLimits(), form, files, _ => { });
        return (form, files);
    }

    private static Form ParseUrlEncoded(ReadOnlySpan<byte> body, Form? form = null, FormLimits? limits = null) =>
        FormParser.ParseUrlEncoded(new MemoryStream(body.ToArray()), limits ?? new FormLimits(), form ?? new Form());

    private static void AssertUnparsable(Action parse, string message)
    {
        var error = Assert.Throws<HttpError>(parse);

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void UrlEncodedFieldsAreDecoded()
    {
        var form = new Form();

        var result = ParseUrlEncoded("name=Jos%C3%A9+Doe&tag=a&tag=b&empty=&flag"u8, form);

        Assert.Same(form, result);
        Assert.Equal("José Doe", form.Get("name"));
        Assert.Equal(["a", "b"], form.List("tag"));
        Assert.Equal("", form.Get("empty"));
        Assert.Equal("", form.Get("flag"));
    }

    [Fact]
    public void EmptyUrlEncodedBodyIsAnEmptyForm()
    {
        Assert.Equal(0, ParseUrlEncoded([]).Count);
    }

    [Fact]
    public void UrlEncodedFormHasTypedGetters()
    {
        var form = ParseUrlEncoded("age=42&ratio=0.5&ok=yes"u8);

        Assert.Equal(42, form.Int("age"));
        Assert.Equal(0.5, form.Float("ratio"));
        Assert.True(form.Bool("ok"));
    }

    [Fact]
    public void UrlEncodedBodyThatIsNotUtf8IsABadRequest()
    {
        byte[] latin1 = [(byte)'n', (byte)'=', 0xE9];

        AssertUnparsable(() => ParseUrlEncoded(latin1), "Unparsable urlencoded body");
    }

    [Fact]
    public void MultipartValuesGoToTheFormAndFilesToTheFiles()
    {
        var body = Multipart(
            "--XyZ",
            "Content-Disposition: form-data; name=\"title\"",
            "",
            "Holiday ☀",
            "--XyZ",
            "Content-Disposition: form-data; name=\"photo\"; filename=\"beach.txt\"",
            "Content-Type: text/plain",
            "X-Custom: 1",
            "",
            "sand\r\nand sea",
            "--XyZ--",
            "");

        var (form, files) = ParseMultipart(body);

        Assert.Equal("Holiday ☀", form.Get("title"));
        Assert.False(form.ContainsKey("photo"));
        var file = files.Get("photo");
        Assert.Equal("photo", file.Name);
        Assert.Equal("beach.txt", file.FileName);
        Assert.Equal("text/plain", file.ContentType);
        Assert.Equal("sand\r\nand sea", file.ReadText());
        Assert.Equal(13, file.Length);
        Assert.Equal("1", file.Headers["x-custom"]);
        Assert.Equal("form-data; name=\"photo\"; filename=\"beach.txt\"", file.Headers["Content-Disposition"]);
    }

    [Fact]
    public void FileWithoutContentTypeIsOctetStream()
    {
        var body = Multipart(
            "--XyZ",
            "Content-Disposition: form-data; name=f; filename=data.bin",
            "",
            "x",
            "--XyZ--");

        Assert.Equal("application/octet-stream", ParseMultipart(body).Files.Get("f").ContentType);
    }

    [Fact]
    public void FileContentIsKeptByteForByte()
    {
        var content = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var head = Multipart("--XyZ", "Content-Disposition: form-data; name=f; filename=all.bin", "", "");
        var tail = Multipart("", "--XyZ--");

        var file = ParseMultipart([.. head, .. content, .. tail]).Files.Get("f");

        Assert.Equal(content, file.Content);
        using var stream = file.OpenRead();
        Assert.Equal(256, stream.Length);
        Assert.False(stream.CanWrite);
    }

    [Fact]
    public void EncodedFileNameWins()
    {
        var body = Multipart(
            "--XyZ",
            "Content-Disposition: form-data; name=f; filename=\"ete.txt\"; filename*=UTF-8''%C3%A9t%C3%A9.txt",
            "",
            "x",
            "--XyZ--");

        Assert.Equal("été.txt", ParseMultipart(body).Files.Get("f").FileName);
    }

    [Fact]
    public void RawUtf8FileNameIsDecoded()
    {
        var body = Multipart(
            "--XyZ",
            "Content-Disposition: form-data; name=\"f\"; filename=\"été.txt\"",
            "",
            "x",
            "--XyZ--");

        Assert.Equal("été.txt", ParseMultipart(body).Files.Get("f").FileName);
    }

    public static TheoryData<byte[], string> UndecodableFileNameStars => new()
    {
        // A raw non-ASCII byte inside the quotes: RFC 8187 wants it percent-encoded.
        { [.. "filename*=\"caf"u8, 0xE9, .. ".txt\""u8], "caf\uFFFD.txt" },
        // Escapes that make no UTF-8, and a bad escape.
        { "filename*=UTF-8''caf%E9.txt"u8.ToArray(), "caf\uFFFD.txt" },
        { "filename*=UTF-8''caf%ZZ%C3%A9.txt"u8.ToArray(), "caf%ZZé.txt" },
        // No charset and language at all.
        { "filename*=caf.txt"u8.ToArray(), "caf.txt" },
        // A plain filename beside it is the better name.
        { [.. "filename=\"cafe.txt\"; filename*=\"caf"u8, 0xE9, .. ".txt\""u8], "cafe.txt" },
    };

    [Theory]
    [MemberData(nameof(UndecodableFileNameStars))]
    public void AFileNameStarThatIsNotRfc8187KeepsThePartAFile(byte[] fileNameParameters, string fileName)
    {
        var head = Multipart("--XyZ", "");
        var tail = Multipart("", "", "upload", "--XyZ--");

        var (form, files) = ParseMultipart([.. head, .. "Content-Disposition: form-data; name=\"f\"; "u8, .. fileNameParameters, .. tail]);

        Assert.False(form.ContainsKey("f"));
        var file = files.Get("f");
        Assert.Equal(fileName, file.FileName);
        Assert.Equal("upload", file.ReadText());
    }

    [Theory]
    [InlineData("text/plain; x=multipart/form-data; boundary=XyZ", false)]
    [InlineData("text/plain; x=\"multipart/form-data\"; boundary=XyZ", false)]
    [InlineData("application/x-multipart/form-data; boundary=XyZ", false)]
    [InlineData("multipart/form-data-x; boundary=XyZ", false)]
    [InlineData("multipart/form-data; boundary=XyZ", true)]
    [InlineData("Multipart/Form-Data ; boundary=\"XyZ\"", true)]
    public void TheBodyIsMultipartOnlyWhenItsMediaTypeIs(string contentType, bool isForm)
    {
        var body = Multipart("--XyZ", "Content-Disposition: form-data; name=x", "", "1", "--XyZ--");
        var form = new Form();
        var opened = false;

        FormParser.Parse(contentType, () => { opened = true; return new MemoryStream(body); }, new FormLimits(), form, new Files(), _ => { });

        Assert.Equal(isForm, form.ContainsKey("x"));
        Assert.Equal(isForm, opened);
    }

    [Theory]
    [InlineData("text/plain; x=application/x-www-form-urlencoded", false)]
    [InlineData("application/x-www-form-urlencoded-x", false)]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("Application/X-WWW-Form-Urlencoded; charset=UTF-8", true)]
    public void TheBodyIsUrlencodedOnlyWhenItsMediaTypeIs(string contentType, bool isForm)
    {
        var form = new Form();

        FormParser.Parse(contentType, () => new MemoryStream("x=1"u8.ToArray()), new FormLimits(), form, new Files(), _ => { });

        Assert.Equal(isForm, form.ContainsKey("x"));
    }

    [Fact]
    public void EmptyFileInputIsAnEmptyFile()
    {
        var body = Multipart(
            "--XyZ",
            "Content-Disposition: form-data; name=\"f\"; filename=\"\"",
            "Content-Type: application/octet-stream",
            "",
            "",
            "--XyZ--");

        var file = ParseMultipart(body).Files.Get("f");

        Assert.Equal("", file.FileName);
        Assert.Equal(0, file.Length);
    }

    [Fact]
    public void RepeatedFieldsAndFilesKeepEveryValue()
    {
        var body = Multipart(
            "--XyZ",
            "Content-Disposition: form-data; name=tag",
            "",
            "a",
            "--XyZ",
            "Content-Disposition: form-data; name=tag",
            "",
            "b",
            "--XyZ",
            "Content-Disposition: form-data; name=doc; filename=1.txt",
            "",
            "one",
            "--XyZ",
            "Content-Disposition: form-data; name=doc; filename=2.txt",
            "",
            "two",
            "--XyZ--");

        var (form, files) = ParseMultipart(body);

        Assert.Equal(["a", "b"], form.List("tag"));
        Assert.Equal(["1.txt", "2.txt"], files.List("doc").Select(file => file.FileName));
        Assert.Equal(["one", "two"], files.List("doc").Select(file => file.ReadText()));
    }

    [Fact]
    public void QuotedBoundaryAndPreambleAreAccepted()
    {
        var body = Multipart(
            "This is a preamble.",
            "--a b",
            "Content-Disposition: form-data; name=x",
            "",
            "1",
            "--a b--",
            "epilogue");

        Assert.Equal("1", ParseMultipart(body, "multipart/form-data; boundary=\"a b\"").Form.Get("x"));
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=")]
    [InlineData("multipart/form-data; boundary=\"\"")]
    [InlineData("not a content type")]
    public void MissingOrInvalidBoundaryIsABadRequest(string contentType)
    {
        var body = Multipart("--XyZ", "Content-Disposition: form-data; name=x", "", "1", "--XyZ--");

        AssertUnparsable(() => ParseMultipart(body, contentType), "Unparsable multipart body");
    }

    public static TheoryData<string[]> MalformedBodies => new()
    {
        // No closing boundary.
        new[] { "--XyZ", "Content-Disposition: form-data; name=x", "", "1" },
        new[] { "--XyZ", "Content-Disposition: form-data; name=x", "", "1", "--XyZ", "" },
        // No boundary at all.
        new[] { "name=x" },
        new[] { "" },
        // A header line without a colon.
        new[] { "--XyZ", "Content-Disposition form-data", "", "1", "--XyZ--" },
        // A part without Content-Disposition, or without a name.
        new[] { "--XyZ", "Content-Type: text/plain", "", "1", "--XyZ--" },
        new[] { "--XyZ", "Content-Disposition: form-data; filename=a.txt", "", "1", "--XyZ--" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void MalformedMultipartBodyIsABadRequest(string[] lines)
    {
        AssertUnparsable(() => ParseMultipart(Multipart(lines)), "Unparsable multipart body");
    }

    [Fact]
    public void MultipartValueThatIsNotUtf8IsABadRequest()
    {
        var head = Multipart("--XyZ", "Content-Disposition: form-data; name=x", "", "");
        var tail = Multipart("", "--XyZ--");

        AssertUnparsable(() => ParseMultipart([.. head, 0xE9, .. tail]), "Unparsable multipart body");
    }
}
