using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Roll.Routing;

namespace Roll;

/// <summary>The <c>content_negociation</c> extension: routes say which media types they produce (<c>accepts</c>), and a request that accepts none of them gets 406.</summary>
/// <remarks>
/// A request without an Accept header (or with an empty one) accepts anything, as RFC 9110 §12.5.1 says; Python Roll
/// answers 406 there, Roll for .NET follows the RFC. An Accept header that cannot be parsed is a 400.
/// </remarks>
public static class ContentNegotiationExtensions
{
    /// <summary>Answers 406 Not Acceptable to a request whose Accept header matches none of its route's <c>accepts</c> (media ranges, parameters and q-values honoured).</summary>
    /// <remarks>Routes without <c>accepts</c> are not negotiated. An <c>accepts</c> entry that is not a concrete media type fails at registration.</remarks>
    public static void ContentNegotiation(this RollApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var offers = new ConcurrentDictionary<Route, MediaTypeHeaderValue[]>();
        foreach (var route in app.Routes)
        {
            offers[route] = ParseOffers(route);
        }
        app.OnRouteAdded((route, _) => offers[route] = ParseOffers(route));
        app.OnRequest((request, response) =>
        {
            var route = request.Route.Route;
            if (route is null || route.Accepts.Count == 0)
            {
                return;
            }
            var offered = offers.GetOrAdd(route, ParseOffers);
            if (Negotiate(request.Headers["Accept"], offered) is null)
            {
                throw new HttpError(HttpStatusCode.NotAcceptable);
            }
        });
    }

    /// <summary>The media type of its route's <c>accepts</c> that the request's Accept header prefers, for a handler to produce; null when the route says none.</summary>
    /// <remarks>Ties go to the route's order; with no Accept header, the route's first media type.</remarks>
    public static string? PreferredMediaType(this Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var route = request.Route.Route;
        if (route is null || route.Accepts.Count == 0)
        {
            return null;
        }
        var offered = ParseOffers(route);
        var best = Negotiate(request.Headers["Accept"], offered);
        return best is null ? null : route.Accepts[Array.IndexOf(offered, best)];
    }

    /// <summary>The best of <paramref name="offered"/> for an Accept header value: null when none is acceptable; a 400 when the header is not valid.</summary>
    private static MediaTypeHeaderValue? Negotiate(string? accept, MediaTypeHeaderValue[] offered)
    {
        // RFC 9110 §12.5.1: "A request without any Accept header field implies that the user agent will accept any media type."
        // An empty one ("Accept:", or only empty list elements, which §5.6.1.2 says to ignore) is taken the same way.
        if (accept is null || accept.AsSpan().Trim(" \t,").IsEmpty)
        {
            return offered[0];
        }
        var ranges = ParseAccept(accept);
        MediaTypeHeaderValue? best = null;
        var bestQuality = 0.0;
        foreach (var offer in offered)
        {
            var quality = QualityOf(offer, ranges);
            if (quality > bestQuality)
            {
                best = offer;
                bestQuality = quality;
            }
        }
        return best;
    }

    // RFC 9110 §12.5.1: "If more than one media range applies to a given type, the most specific reference has precedence."
    internal static double QualityOf(MediaTypeHeaderValue offer, IList<MediaTypeHeaderValue> ranges)
    {
        var quality = 0.0;
        var specificity = -1;
        foreach (var range in ranges)
        {
            if (!offer.IsSubsetOf(range))
            {
                continue;
            }
            var rank = Specificity(range);
            if (rank > specificity)
            {
                specificity = rank;
                quality = range.Quality ?? 1.0;
            }
        }
        return quality;
    }

    private static int Specificity(MediaTypeHeaderValue range)
    {
        if (range.MatchesAllTypes)
        {
            return 0;
        }
        if (range.MatchesAllSubTypes)
        {
            return 1;
        }
        // Parameters before "q" narrow the range further (text/html;level=1 beats text/html).
        var parameters = 0;
        foreach (var parameter in range.Parameters)
        {
            if (parameter.Name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }
            parameters++;
        }
        return 2 + parameters;
    }

    private static IList<MediaTypeHeaderValue> ParseAccept(string accept)
        => TryParseAccept(accept, out var ranges) ? ranges : throw new HttpError(HttpStatusCode.BadRequest, $"Invalid Accept header: '{accept}'");

    /// <summary>The media ranges of an Accept header value; false when it is not valid.</summary>
    internal static bool TryParseAccept(string accept, out IList<MediaTypeHeaderValue> ranges)
    {
        if (!MediaTypeHeaderValue.TryParseStrictList([accept], out ranges!))
        {
            return false;
        }
        foreach (var range in ranges)
        {
            // The parser lets "*/html" and "q=2" through; RFC 9110 §12.5.1 and §12.4.2 do not.
            if (range.Type == "*" && range.SubType != "*" || !IsValidWeight(range))
            {
                return false;
            }
        }
        return true;
    }

    // RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
    private static bool IsValidWeight(MediaTypeHeaderValue range)
    {
        foreach (var parameter in range.Parameters)
        {
            if (!parameter.Name.Equals("q", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var value = parameter.Value;
            if (!value.HasValue || value.Length == 0 || value.Length > 5 || (value[0] != '0' && value[0] != '1'))
            {
                return false;
            }
            if (value.Length == 1)
            {
                return true;
            }
            if (value[1] != '.')
            {
                return false;
            }
            for (var i = 2; i < value.Length; i++)
            {
                if (!char.IsAsciiDigit(value[i]) || (value[0] == '1' && value[i] != '0'))
                {
                    return false;
                }
            }
            return true;
        }
        return true;
    }

    private static MediaTypeHeaderValue[] ParseOffers(Route route)
    {
        var offers = new MediaTypeHeaderValue[route.Accepts.Count];
        for (var i = 0; i < offers.Length; i++)
        {
            var text = route.Accepts[i];
            if (!MediaTypeHeaderValue.TryParse(text, out var offer) || offer.MatchesAllTypes || offer.MatchesAllSubTypes
                || offer.Type == "*")
            {
                throw new ArgumentException(
                    $"The route '{route.Pattern}' accepts '{text}', which is not a media type it can produce; "
                    + "list concrete types such as \"text/html\" or \"application/json\" (ranges like \"text/*\" belong in the request's Accept).");
            }
            offers[i] = offer;
        }
        return offers;
    }
}
