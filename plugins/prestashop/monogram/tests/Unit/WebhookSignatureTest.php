<?php

declare(strict_types=1);

use Monogram\PrestaShop\WebhookSignature;
use PHPUnit\Framework\TestCase;

final class WebhookSignatureTest extends TestCase
{
    private const SECRET = 'whsec_0123456789abcdef0123';
    private const BODY = '{"id":"evt_1","type":"job.shipped","created":1767000000}';
    private const NOW = 1767000000;

    public function testAGoodSignatureIsValid(): void
    {
        // Computed independently of the class under test.
        $header = 't=' . self::NOW . ',v1=' . hash_hmac('sha256', self::NOW . '.' . self::BODY, self::SECRET);

        $this->assertSame(WebhookSignature::VALID, WebhookSignature::verify($header, self::BODY, self::SECRET, self::NOW + 299));
    }

    public function testASignatureWithAnotherSecretIsInvalid(): void
    {
        $header = WebhookSignature::header(self::BODY, 'whsec_someone_else_secret', self::NOW);

        $this->assertSame(WebhookSignature::INVALID, WebhookSignature::verify($header, self::BODY, self::SECRET, self::NOW));
    }

    public function testATamperedBodyIsInvalid(): void
    {
        $header = WebhookSignature::header(self::BODY, self::SECRET, self::NOW);
        $tampered = str_replace('job.shipped', 'job.ready', self::BODY);

        $this->assertSame(WebhookSignature::INVALID, WebhookSignature::verify($header, $tampered, self::SECRET, self::NOW));
    }

    public function testAnOldSignatureIsStale(): void
    {
        $header = WebhookSignature::header(self::BODY, self::SECRET, self::NOW - 301);

        $this->assertSame(WebhookSignature::STALE, WebhookSignature::verify($header, self::BODY, self::SECRET, self::NOW));
    }

    public function testASignatureFromTheFutureBeyondToleranceIsStale(): void
    {
        $header = WebhookSignature::header(self::BODY, self::SECRET, self::NOW + 301);

        $this->assertSame(WebhookSignature::STALE, WebhookSignature::verify($header, self::BODY, self::SECRET, self::NOW));
    }

    public function testAStaleTimestampWithABadSignatureIsInvalidNotStale(): void
    {
        $header = 't=' . (self::NOW - 1000) . ',v1=' . str_repeat('0', 64);

        $this->assertSame(WebhookSignature::INVALID, WebhookSignature::verify($header, self::BODY, self::SECRET, self::NOW));
    }

    public function testAnyOfSeveralV1SignaturesMayMatchDuringARotation(): void
    {
        $good = hash_hmac('sha256', self::NOW . '.' . self::BODY, self::SECRET);
        $header = 't=' . self::NOW . ',v1=' . str_repeat('a', 64) . ',v1=' . $good;

        $this->assertSame(WebhookSignature::VALID, WebhookSignature::verify($header, self::BODY, self::SECRET, self::NOW));
    }

    /**
     * @dataProvider malformedHeaders
     */
    public function testMalformedHeadersAreInvalid(string $header): void
    {
        $this->assertSame(WebhookSignature::INVALID, WebhookSignature::verify($header, self::BODY, self::SECRET, self::NOW));
    }

    /**
     * @return array<string, array{string}>
     */
    public static function malformedHeaders(): array
    {
        $good = hash_hmac('sha256', self::NOW . '.' . self::BODY, self::SECRET);

        return [
            'empty' => [''],
            'no timestamp' => ['v1=' . $good],
            'no signature' => ['t=' . self::NOW],
            'v0 scheme only' => ['t=' . self::NOW . ',v0=' . $good],
            'signature not hex' => ['t=' . self::NOW . ',v1=' . strtoupper($good)],
            'timestamp not a number' => ['t=soon,v1=' . $good],
        ];
    }

    public function testNoSecretConfiguredAcceptsNothing(): void
    {
        $header = WebhookSignature::header(self::BODY, '', self::NOW);

        $this->assertSame(WebhookSignature::INVALID, WebhookSignature::verify($header, self::BODY, '', self::NOW));
    }
}
