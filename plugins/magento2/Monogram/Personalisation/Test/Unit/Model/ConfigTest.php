<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\Model;

use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Test\Fake\ArrayScopeConfig;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use PHPUnit\Framework\TestCase;

class ConfigTest extends TestCase
{
    public function testSecretsSavedThroughTheAdminAreDecrypted(): void
    {
        $encryptor = new ReversibleEncryptor();
        $config = new Config(new ArrayScopeConfig([
            Config::XML_PATH_SECRET_KEY => $encryptor->encrypt('sk_live_123'),
            Config::XML_PATH_WEBHOOK_SECRET => $encryptor->encrypt('whsec_456'),
        ]), $encryptor);

        $this->assertSame('sk_live_123', $config->secretKey());
        $this->assertSame('whsec_456', $config->webhookSecret());
    }

    public function testPlainSecretsFromEnvPhpAreUsedAsTheyAre(): void
    {
        $config = new Config(new ArrayScopeConfig([Config::XML_PATH_SECRET_KEY => ' sk_plain ']), new ReversibleEncryptor());

        $this->assertSame('sk_plain', $config->secretKey());
    }

    public function testEachStoreViewHasItsOwnKeysAndTheUrlLosesItsTrailingSlash(): void
    {
        $config = new Config(new ArrayScopeConfig(
            [Config::XML_PATH_ENABLED => '0', Config::XML_PATH_API_URL => 'https://api.monogram.example/'],
            [2 => [Config::XML_PATH_ENABLED => '1', Config::XML_PATH_PUBLISHABLE_KEY => 'pk_store2']]
        ), new ReversibleEncryptor());

        $this->assertFalse($config->isEnabled(1));
        $this->assertTrue($config->isEnabled(2));
        $this->assertSame('https://api.monogram.example', $config->apiUrl(2));
        $this->assertFalse($config->canMountLoader(1));
        $this->assertTrue($config->canMountLoader(2));
    }
}
