<?php

declare(strict_types=1);

use Monogram\PrestaShop\Config;
use PHPUnit\Framework\TestCase;

final class ConfigTest extends TestCase
{
    protected function setUp(): void
    {
        Shop::reset();
    }

    public function testAValidFormIsNormalised(): void
    {
        $checked = (new Config())->validate([
            Config::API_URL => ' https://monogram.example/ ',
            Config::PUBLISHABLE_KEY => 'pk_AbC-123_xyz0',
            Config::SECRET_KEY => 'sk_AbC-123_xyz0',
            Config::WEBHOOK_SECRET => 'whsec_0123456789abcdef',
            Config::LOCALE => 'fr',
            Config::PRODUCTS => '12, 15;12 x 0 20',
        ]);

        $this->assertSame([], $checked['errors']);
        $this->assertSame([
            Config::API_URL => 'https://monogram.example',
            Config::PUBLISHABLE_KEY => 'pk_AbC-123_xyz0',
            Config::SECRET_KEY => 'sk_AbC-123_xyz0',
            Config::WEBHOOK_SECRET => 'whsec_0123456789abcdef',
            Config::LOCALE => 'fr',
            Config::PRODUCTS => '12, 15, 20',
        ], $checked['values']);
    }

    public function testEachFaultNamesItsSetting(): void
    {
        $checked = (new Config())->validate([
            Config::API_URL => 'http://monogram.example',
            Config::PUBLISHABLE_KEY => 'sk_wrong_kind_of_key',
            Config::SECRET_KEY => 'pk_wrong_kind_of_key',
            Config::WEBHOOK_SECRET => 'short',
        ]);

        $this->assertSame([Config::API_URL, Config::PUBLISHABLE_KEY, Config::SECRET_KEY, Config::WEBHOOK_SECRET], $checked['errors']);
    }

    public function testPlainHttpIsAcceptedForLoopbackOnly(): void
    {
        $form = [Config::PUBLISHABLE_KEY => 'pk_test_0123456789', Config::SECRET_KEY => 'sk_test_0123456789'];

        $this->assertSame([], (new Config())->validate($form + [Config::API_URL => 'http://127.0.0.1:8000'])['errors']);
        $this->assertSame([Config::API_URL], (new Config())->validate($form + [Config::API_URL => 'ftp://monogram.example'])['errors']);
    }

    public function testEmptySecretFieldsKeepTheStoredSecrets(): void
    {
        Shop::configure();

        $checked = (new Config())->validate([
            Config::API_URL => 'https://monogram.example',
            Config::PUBLISHABLE_KEY => 'pk_test_publishable0123',
            Config::SECRET_KEY => '',
            Config::WEBHOOK_SECRET => '',
        ]);

        $this->assertSame([], $checked['errors']);
        $this->assertSame('sk_test_secret0123456789', $checked['values'][Config::SECRET_KEY]);
        $this->assertSame('whsec_0123456789abcdef0123', $checked['values'][Config::WEBHOOK_SECRET]);
    }

    public function testSecretsAreShownMasked(): void
    {
        $this->assertSame('sk_live_••••••••9f3a', Config::mask('sk_live_Zr8XkPq0aB1c2D3e9f3a'));
        $this->assertSame('sk_••••••••wxyz', Config::mask('sk_AbCdEfGhIjKlMnOpwxyz'));
        $this->assertSame('sk_••••••••', Config::mask('sk_short'));
        $this->assertSame('', Config::mask(''));
    }

    public function testProductFilterAndLocale(): void
    {
        Shop::configure('https://monogram.example', '12, 15');
        $config = new Config();

        $this->assertTrue($config->isPersonalisable(15));
        $this->assertFalse($config->isPersonalisable(16));
        $this->assertSame('fr', $config->locale('fr'));
        $this->assertSame('en', $config->locale('de'));

        Configuration::updateValue(Config::PRODUCTS, '*');
        Configuration::updateValue(Config::LOCALE, 'en');
        $this->assertTrue($config->isPersonalisable(16));
        $this->assertSame('en', $config->locale('fr'));
    }
}
