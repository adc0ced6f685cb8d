using System.Net;
using System.Text;

namespace Roll.Tests.Data;

/// <summary>The form parser's limits, checked while it reads: over one, the body is refused, whatever follows.</summary>
public class FormLimitsTests
{
    private const string ContentType = "multipart/form-data; boundary=XyZ";

    private static Form ParseUrlEncoded(string body, FormLimits limits) =>
        FormParser.ParseUrlEncoded(new MemoryStream(Encoding.UTF8.GetBytes(body)), limits, new Form());

    private static (Form Form, Files Files) ParseMultipart(string body, FormLimits limits, List<IDisposable>? disposables = null,
        string contentType = ContentType)
    {
        var form = new Form();
        var files = new Files();
        FormParser.ParseMultipart(new MemoryStream(Encoding.UTF8.GetBytes(body)), contentType, limits, form, files,
            resource => (disposables ?? []).Add(resource));
        return (form, files);
    }

    private static string Part(string disposition, string content, params string[] headers) =>
        $"--XyZ\r\nContent-Disposition: form-data; {disposition}\r\n{string.Concat(headers.Select(header => header + "\r\n"))}\r\n{content}\r\n";

    private static string Multipart(params string[] parts) => string.Concat(parts) + "--XyZ--\r\n";

    private static void AssertRefused(Action parse, HttpStatusCode status, string message)
    {
        var error = Assert.Throws<HttpError>(parse);

        Assert.Equal(status, error.Status);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void TheDefaultsAreAspNetCoresFormOptions()
    {
        var limits = new FormLimits();

        Assert.Equal(
            (1024, 2048, 4 * 1024 * 1024, 128, 16, 16 * 1024, 128L * 1024 * 1024, 64 * 1024),
            (limits.ValueCountLimit, limits.KeyLengthLimit, limits.ValueLengthLimit, limits.MultipartBoundaryLengthLimit,
                limits.MultipartHeadersCountLimit, limits.MultipartHeadersLengthLimit, limits.MultipartBodyLengthLimit,
                limits.MemoryBufferThreshold));
    }

    [Fact]
    public void AnUrlencodedFormUpToTheValueCountIsReadAndOneMoreIsA400()
    {
        var limits = new FormLimits { ValueCountLimit = 3 };

        Assert.Equal(["1", "3"], ParseUrlEncoded("a=1&b=2&&a=3&", limits).List("a"));
        AssertRefused(() => ParseUrlEncoded("a=1&b=2&a=3&c", limits), HttpStatusCode.BadRequest, "Form value count limit 3 exceeded");
    }

    [Fact]
    public void AMillionUrlencodedFieldsAreRefusedAtTheFirstFieldOverTheLimit()
    {
        var body = new MemoryStream(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a=1&", 1_000_000))));

        var error = Assert.Throws<HttpError>(() => FormParser.ParseUrlEncoded(body, new FormLimits(), new Form()));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.True(body.Position < 64 * 1024, $"read {body.Position} bytes before refusing");
    }

    [Theory]
    [InlineData("kkkkk=1")]
    [InlineData("kkkkk")]
    [InlineData("a=1&kkkkk=1")]
    public void AnUrlencodedKeyOverTheLimitIsA400(string body)
    {
        AssertRefused(() => ParseUrlEncoded(body, new FormLimits { KeyLengthLimit = 4 }),
            HttpStatusCode.BadRequest, "Form key length limit 4 exceeded");
    }

    [Fact]
    public void AnUrlencodedValueOverTheLimitIsA400()
    {
        var limits = new FormLimits { ValueLengthLimit = 4 };

        Assert.Equal("a=b=", ParseUrlEncoded("k=a=b=&x=1234", limits).Get("k"));
        AssertRefused(() => ParseUrlEncoded("k=12345", limits), HttpStatusCode.BadRequest, "Form value length limit 4 exceeded");
        AssertRefused(() => ParseUrlEncoded("k=%41%42", limits), HttpStatusCode.BadRequest, "Form value length limit 4 exceeded");
    }

    [Fact]
    public void AnUrlencodedValueLongerThanAReadIsReadWhole()
    {
        var value = new string('v', 100_000);

        Assert.Equal(value, ParseUrlEncoded($"a=1&k={value}&b=2", new FormLimits()).Get("k"));
    }

    [Fact]
    public void MultipartPartsOverTheValueCountAreA400FilesIncluded()
    {
        var limits = new FormLimits { ValueCountLimit = 2 };
        var two = Multipart(Part("name=a", "1"), Part("name=f; filename=f.txt", "x"));
        var three = Multipart(Part("name=a", "1"), Part("name=f; filename=f.txt", "x"), Part("name=g; filename=g.txt", "y"));

        Assert.Equal("1", ParseMultipart(two, limits).Form.Get("a"));
        AssertRefused(() => ParseMultipart(three, limits), HttpStatusCode.BadRequest, "Form value count limit 2 exceeded");
    }

    [Fact]
    public void AMultipartNameOverTheKeyLimitIsA400()
    {
        AssertRefused(() => ParseMultipart(Multipart(Part("name=kkkkk", "1")), new FormLimits { KeyLengthLimit = 4 }),
            HttpStatusCode.BadRequest, "Form key length limit 4 exceeded");
    }

    [Fact]
    public void AMultipartValueOverTheValueLimitIsA400()
    {
        AssertRefused(() => ParseMultipart(Multipart(Part("name=k", "12345")), new FormLimits { ValueLengthLimit = 4 }),
            HttpStatusCode.BadRequest, "Form value length limit 4 exceeded");
    }

    [Fact]
    public void AFileOverTheMultipartBodyLimitIsA413()
    {
        var limits = new FormLimits { MultipartBodyLengthLimit = 4 };

        Assert.Equal(4, ParseMultipart(Multipart(Part("name=f; filename=f", "1234")), limits).Files.Get("f").Length);
        AssertRefused(() => ParseMultipart(Multipart(Part("name=f; filename=f", "12345")), limits),
            HttpStatusCode.RequestEntityTooLarge, "Multipart body length limit 4 exceeded");
    }

    [Fact]
    public void APartWithMoreHeaderLinesThanTheLimitIsA400()
    {
        var limits = new FormLimits { MultipartHeadersCountLimit = 3 };
        var three = Multipart(Part("name=f; filename=f", "x", "A: 1", "B: 2"));
        var four = Multipart(Part("name=f; filename=f", "x", "A: 1", "B: 2", "C: 3"));

        Assert.Equal("2", ParseMultipart(three, limits).Files.Get("f").Headers["B"]);
        AssertRefused(() => ParseMultipart(four, limits), HttpStatusCode.BadRequest, "Unparsable multipart body");
    }

    [Fact]
    public void APartWithHeadersLongerThanTheLimitIsA400()
    {
        var body = Multipart(Part("name=f; filename=f", "x", "A: " + new string('a', 200)));

        AssertRefused(() => ParseMultipart(body, new FormLimits { MultipartHeadersLengthLimit = 128 }),
            HttpStatusCode.BadRequest, "Unparsable multipart body");
    }

    [Fact]
    public void ABoundaryOverTheLimitIsA400()
    {
        var boundary = new string('b', 129);
        var body = $"--{boundary}\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--{boundary}--\r\n";

        Assert.Equal("1", ParseMultipart(body, new FormLimits { MultipartBoundaryLengthLimit = 129 }, contentType: $"multipart/form-data; boundary={boundary}").Form.Get("x"));
        AssertRefused(() => ParseMultipart(body, new FormLimits(), contentType: $"multipart/form-data; boundary={boundary}"),
            HttpStatusCode.BadRequest, "Multipart boundary length limit 128 exceeded");
    }

    [Fact]
    public void AFileUpToTheThresholdStaysInMemoryAndABiggerOneGoesToATemporaryFile()
    {
        var limits = new FormLimits { MemoryBufferThreshold = 10 };
        var disposables = new List<IDisposable>();
        var big = new string('b', 40_000);

        var files = ParseMultipart(Multipart(Part("name=small; filename=s", "0123456789"), Part("name=big; filename=b", big)), limits, disposables).Files;

        var small = files.Get("small");
        var file = files.Get("big");
        Assert.Null(small.TemporaryPath);
        Assert.Equal("0123456789", small.ReadText());
        Assert.NotNull(file.TemporaryPath);
        Assert.Equal(40_000, file.Length);
        Assert.Equal(40_000, new FileInfo(file.TemporaryPath).Length);
        using (var stream = file.OpenRead())
        {
            Assert.Equal(big, new StreamReader(stream).ReadToEnd());
        }
        Assert.Equal(big, Encoding.UTF8.GetString(file.Content));
        Assert.Single(disposables).Dispose();
        Assert.False(File.Exists(file.TemporaryPath));
    }
}
