using System.Text;
using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.Modules.Billing.Infrastructure.Payments;

namespace AgentPlatform.UnitTests.Billing;

public sealed class PaymentProviderTests
{
    private const string Secret = "unit-test-secret";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"notificationId":"n-1","orderNo":"BO1","amount":12.5,"status":"paid"}""");

    [Fact]
    public void A_body_signed_with_the_secret_is_read()
    {
        var provider = new HmacWebhookPaymentProvider("gw", Secret);
        provider.Verify(Body, HmacWebhookPaymentProvider.Sign(Secret, Body)).ShouldBe(new VerifiedPayment("n-1", "BO1", 12.5m));
        provider.Verify(Body, HmacWebhookPaymentProvider.Sign(Secret, Body).ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal)).OrderNo.ShouldBe("BO1");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha256=zz")]
    [InlineData("md5=00")]
    public void A_missing_or_malformed_signature_is_unauthorized(string? signature) =>
        Should.Throw<DomainException>(() => new HmacWebhookPaymentProvider("gw", Secret).Verify(Body, signature)).Kind.ShouldBe(ErrorKind.Unauthorized);

    [Fact]
    public void Another_secret_or_a_changed_body_is_unauthorized()
    {
        var provider = new HmacWebhookPaymentProvider("gw", Secret);
        Should.Throw<DomainException>(() => provider.Verify(Body, HmacWebhookPaymentProvider.Sign("other", Body))).Kind.ShouldBe(ErrorKind.Unauthorized);
        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("12.5", "125", StringComparison.Ordinal));
        Should.Throw<DomainException>(() => provider.Verify(changed, HmacWebhookPaymentProvider.Sign(Secret, Body))).Kind.ShouldBe(ErrorKind.Unauthorized);
    }

    [Theory]
    [InlineData("""{"orderNo":"BO1","amount":1}""", "notificationId")]
    [InlineData("""{"notificationId":"n","amount":1}""", "orderNo")]
    [InlineData("""{"notificationId":"n","orderNo":"BO1","amount":0}""", "amount")]
    [InlineData("""{"notificationId":"n","orderNo":"BO1","amount":1.000000001}""", "amount")]
    [InlineData("""{"notificationId":"n","orderNo":"BO1","amount":1,"status":"failed"}""", "status")]
    [InlineData("""not json""", "body")]
    public void A_signed_but_invalid_body_is_a_validation_error(string json, string field)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var error = Should.Throw<DomainException>(() => new HmacWebhookPaymentProvider("gw", Secret).Verify(body, HmacWebhookPaymentProvider.Sign(Secret, body)));
        error.Kind.ShouldBe(ErrorKind.Validation);
        error.Errors!.ShouldContainKey(field);
    }
}
