<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\CustomerData;

use Magento\Customer\CustomerData\SectionSourceInterface;
use Magento\Customer\Model\Session;
use Monogram\Personalisation\CustomerData\LibrarySection;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\CustomerReference;
use Monogram\Personalisation\Test\Fake\ArrayScopeConfig;
use Monogram\Personalisation\Test\Fake\FixedClock;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use PHPUnit\Framework\TestCase;

/** The "monogram" private-content section, and how Magento is told about it. */
class LibrarySectionTest extends TestCase
{
    private const ROOT = __DIR__ . '/../../..';

    private ArrayScopeConfig $scopeConfig;
    private ReversibleEncryptor $encryptor;

    protected function setUp(): void
    {
        $this->encryptor = new ReversibleEncryptor();
        $this->scopeConfig = new ArrayScopeConfig([
            Config::XML_PATH_ENABLED => '1',
            Config::XML_PATH_API_URL => 'https://api.monogram.example',
            Config::XML_PATH_PUBLISHABLE_KEY => 'pk_test_1',
            Config::XML_PATH_SECRET_KEY => $this->encryptor->encrypt('sk_test_secret0123456789'),
        ]);
    }

    private function section(?int $customerId): LibrarySection
    {
        return new LibrarySection(
            new Session($customerId),
            new Config($this->scopeConfig, $this->encryptor),
            new FixedClock(1900000000 - CustomerReference::LIFETIME)
        );
    }

    public function testASignedInCustomerGetsAReferenceForTheDay(): void
    {
        $this->assertSame(
            ['customer' => 'mcr1.42.1900000000.29eb3d1233adbcf1be25943ada9b4e701b136dcc6a23e00528ebb91517699ce7'],
            $this->section(42)->getSectionData()
        );
    }

    public function testAGuestGetsNone(): void
    {
        $this->assertSame(['customer' => ''], $this->section(null)->getSectionData());
    }

    public function testAStoreWithoutASecretKeyOrTheEditorSignsNothing(): void
    {
        $this->scopeConfig->defaults[Config::XML_PATH_SECRET_KEY] = '';
        $this->assertSame(['customer' => ''], $this->section(42)->getSectionData());

        $this->setUp();
        $this->scopeConfig->defaults[Config::XML_PATH_ENABLED] = '0';
        $this->assertSame(['customer' => ''], $this->section(42)->getSectionData());
    }

    public function testMagentoLoadsTheSectionAndRenewsItWhenTheCustomerChanges(): void
    {
        $di = simplexml_load_file(self::ROOT . '/etc/frontend/di.xml');
        $items = $di->xpath('//type[@name="Magento\\Customer\\CustomerData\\SectionPoolInterface"]'
            . '/arguments/argument[@name="sectionSourceMap"]/item[@name="monogram"]');
        $this->assertCount(1, $items);
        $this->assertSame(LibrarySection::class, (string) $items[0]);
        $this->assertTrue(is_subclass_of(LibrarySection::class, SectionSourceInterface::class));

        $sections = simplexml_load_file(self::ROOT . '/etc/frontend/sections.xml');
        $renewed = [];
        foreach ($sections->action as $action) {
            foreach ($action->section as $section) {
                if ((string) $section['name'] === 'monogram') {
                    $renewed[] = (string) $action['name'];
                }
            }
        }
        $this->assertContains('customer/account/loginPost', $renewed);
        $this->assertContains('customer/account/logout', $renewed);
    }
}
