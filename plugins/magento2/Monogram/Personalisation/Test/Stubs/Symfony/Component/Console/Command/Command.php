<?php

declare(strict_types=1);

namespace Symfony\Component\Console\Command;

use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;

class Command
{
    private ?string $name = null;
    private string $description = '';
    /** @var array<string, int|null> */
    private array $options = [];

    public function __construct(?string $name = null)
    {
        $this->configure();
    }

    protected function configure()
    {
    }

    public function setName(string $name)
    {
        $this->name = $name;
        return $this;
    }

    public function getName()
    {
        return $this->name;
    }

    public function setDescription(string $description)
    {
        $this->description = $description;
        return $this;
    }

    public function addOption(string $name, $shortcut = null, ?int $mode = null, string $description = '', $default = null)
    {
        $this->options[$name] = $mode;
        return $this;
    }

    public function getOptions(): array
    {
        return $this->options;
    }

    public function run(InputInterface $input, OutputInterface $output): int
    {
        return $this->execute($input, $output);
    }

    protected function execute(InputInterface $input, OutputInterface $output)
    {
        throw new \LogicException('You must override the execute() method.');
    }
}
