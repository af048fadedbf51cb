<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model\Webhook;

use Monogram\Personalisation\Model\Webhook\Signature;
use Monogram\Personalisation\Test\Fake\FixedClock;
use PHPUnit\Framework\TestCase;

class SignatureTest extends TestCase
{
    private const SECRET = 'whsec_test';
    private const BODY = '{"id":"evt_1","type":"job.shipped"}';

    private FixedClock $clock;
    private Signature $signature;

    protected function setUp(): void
    {
        $this->clock = new FixedClock(1_760_000_000);
        $this->signature = new Signature($this->clock);
    }

    private static function header(int $timestamp, string $body = self::BODY, string $secret = self::SECRET): string
    {
        return 't=' . $timestamp . ',v1=' . hash_hmac('sha256', $timestamp . '.' . $body, $secret);
    }

    public function testAGoodSignatureIsAccepted(): void
    {
        $this->assertTrue($this->signature->verify(self::header(1_760_000_000), self::BODY, self::SECRET));
        $this->assertTrue($this->signature->verify($this->signature->sign(self::BODY, self::SECRET), self::BODY, self::SECRET));
    }

    public function testSpacesAndUpperCaseHexAreTolerated(): void
    {
        $header = str_replace(',', ', ', strtoupper(self::header(1_760_000_000)));
        $header = str_replace(['T=', 'V1='], ['t=', 'v1='], $header);

        $this->assertTrue($this->signature->verify($header, self::BODY, self::SECRET));
    }

    /** @dataProvider badSignatures */
    public function testABadSignatureIsRefused(string $header, string $body, string $secret): void
    {
        $this->assertFalse($this->signature->verify($header, $body, $secret));
    }

    /** @return array<string, array{string, string, string}> */
    public static function badSignatures(): array
    {
        $now = 1_760_000_000;
        return [
            'other secret' => [self::header($now, self::BODY, 'whsec_other'), self::BODY, self::SECRET],
            'tampered body' => [self::header($now), str_replace('shipped', 'ready', self::BODY), self::SECRET],
            'timestamp changed' => [str_replace('t=' . $now, 't=' . ($now + 1), self::header($now)), self::BODY, self::SECRET],
            'no v1' => ['t=' . $now, self::BODY, self::SECRET],
            'no t' => ['v1=' . hash_hmac('sha256', self::BODY, self::SECRET), self::BODY, self::SECRET],
            'garbage' => ['sha256=abc', self::BODY, self::SECRET],
            'empty header' => ['', self::BODY, self::SECRET],
            'no secret configured' => [self::header($now, self::BODY, ''), self::BODY, ''],
        ];
    }

    public function testAStaleOrFutureSignatureIsRefused(): void
    {
        $this->assertTrue($this->signature->verify(self::header(1_760_000_000 - 300), self::BODY, self::SECRET));
        $this->assertFalse($this->signature->verify(self::header(1_760_000_000 - 301), self::BODY, self::SECRET));
        $this->assertFalse($this->signature->verify(self::header(1_760_000_000 + 301), self::BODY, self::SECRET));
    }

    public function testOneGoodValueAmongSeveralV1IsEnoughDuringARotation(): void
    {
        $header = 't=1760000000,v1=' . str_repeat('0', 64) . ',' . substr(self::header(1_760_000_000), strlen('t=1760000000,'));

        $this->assertTrue($this->signature->verify($header, self::BODY, self::SECRET));
    }
}
